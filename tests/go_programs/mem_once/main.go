// The Go Memory Model (go.dev/ref/mem), "Once": setup runs once, before either
// print. main may return before the goroutines print anything.
package main

import "sync"

var a string
var once sync.Once

func setup() {
	a = "hello, world"
}

func doprint() {
	once.Do(setup)
	print(a)
}

func twoprint() {
	go doprint()
	go doprint()
}

func main() {
	twoprint()
}

// litmus: exists (stderr == "")
