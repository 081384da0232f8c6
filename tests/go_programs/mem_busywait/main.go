// The Go Memory Model (go.dev/ref/mem), "Incorrect synchronization": a data
// race; main may never see done, or see it and still print "".
package main

var a string
var done bool

func setup() {
	a = "hello, world"
	done = true
}

func main() {
	go setup()
	for !done {
	}
	print(a)
}

// litmus: expect racy
