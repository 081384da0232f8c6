// The motivating article's atomic.Value example, as a complete program: the
// writer publishes data through an atomic.Value flag. Under the Go memory model
// the Store is synchronized before the Load that observes it, so a reader that
// sees true prints 42, never 0 (println writes to standard error).
package main

import "sync/atomic"

var data int
var av atomic.Value

func init() {
	av.Store(false)
}

func main() {
	done := make(chan bool)
	go func() {
		data = 42
		av.Store(true)
		done <- true
	}()
	if av.Load().(bool) {
		println(data)
	}
	<-done
}

// litmus: exists (stderr == "0\n")
// litmus: expect never
// litmus: expect sometimes under relaxed-value
