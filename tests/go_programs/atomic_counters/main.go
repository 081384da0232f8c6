// Go by Example, "Atomic Counters" (gobyexample.com/atomic-counters):
// goroutines started with WaitGroup.Go (Go 1.25), each adding to one counter.
// Scaled down from 50 goroutines adding 1000 each to 3 adding 2 (litmus
// unrolls every loop: 50000 additions are beyond its size limits).
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var ops atomic.Uint64
	var wg sync.WaitGroup

	for range 3 {
		wg.Go(func() {
			for range 2 {
				ops.Add(1)
			}
		})
	}

	wg.Wait()
	fmt.Println("ops:", ops.Load())
}

// litmus: forall (stdout == "ops: 6\n")
