// The Go Memory Model (go.dev/ref/mem), "Channel communication": a receive from
// an unbuffered channel is synchronized before the completion of the
// corresponding send, so this program also prints "hello, world".
package main

var c = make(chan int)
var a string

func f() {
	a = "hello, world"
	<-c
}

func main() {
	go f()
	c <- 0
	print(a)
}

// litmus: forall (stderr == "hello, world")
// litmus: expect always
