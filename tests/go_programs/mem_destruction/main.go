// The Go Memory Model (go.dev/ref/mem), "Goroutine destruction": the assignment
// is not followed by any synchronization event, so it is not guaranteed to be
// observed by any other goroutine: the print races with it.
package main

var a string

func hello() {
	go func() { a = "hello" }()
	print(a)
}

func main() {
	hello()
}

// litmus: expect racy
