// Go by Example, "Atomic Counters" (gobyexample.com/atomic-counters): 50
// goroutines started with WaitGroup.Go (Go 1.25), each adding 1000.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var ops atomic.Uint64
	var wg sync.WaitGroup

	for range 50 {
		wg.Go(func() {
			for range 1000 {
				ops.Add(1)
			}
		})
	}

	wg.Wait()
	fmt.Println("ops:", ops.Load())
}

// litmus: forall (stdout == "ops: 50000\n")
