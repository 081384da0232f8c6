// The Go Memory Model (go.dev/ref/mem), "Locks": the first Unlock is
// synchronized before the second Lock returns.
package main

import "sync"

var l sync.Mutex
var a string

func f() {
	a = "hello, world"
	l.Unlock()
}

func main() {
	l.Lock()
	go f()
	l.Lock()
	print(a)
}

// litmus: forall (stderr == "hello, world")
