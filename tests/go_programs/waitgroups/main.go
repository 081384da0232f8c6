// Go by Example, "WaitGroups" (gobyexample.com/waitgroups), with WaitGroup.Go
// (Go 1.25). Scaled down from 5 workers to 3: each ordering of the workers'
// prints is an outcome.
package main

import (
	"fmt"
	"sync"
	"time"
)

// This is the function we'll run in every goroutine.
func worker(id int) {
	fmt.Printf("Worker %d starting\n", id)

	// Sleep to simulate an expensive task.
	time.Sleep(time.Second)
	fmt.Printf("Worker %d done\n", id)
}

func main() {

	// This WaitGroup is used to wait for all the
	// goroutines launched here to finish.
	var wg sync.WaitGroup

	// Launch several goroutines using `WaitGroup.Go`
	for i := 1; i <= 3; i++ {
		wg.Go(func() {
			worker(i)
		})
	}

	// Block until all the goroutines started by `wg`
	// are done.
	wg.Wait()
}

// litmus: exists (stdout == "Worker 3 starting\nWorker 1 starting\nWorker 2 starting\nWorker 2 done\nWorker 1 done\nWorker 3 done\n")
// litmus: expect sometimes
