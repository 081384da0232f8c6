// The Go Memory Model (go.dev/ref/mem), "Channel communication": the send on c
// is synchronized before the receive completes, so this program prints
// "hello, world" (print writes to standard error).
package main

var c = make(chan int, 10)
var a string

func f() {
	a = "hello, world"
	c <- 0
}

func main() {
	go f()
	<-c
	print(a)
}

// litmus: forall (stderr == "hello, world")
// litmus: expect always
