// Go by Example, "Closing Channels" (gobyexample.com/closing-channels): the
// worker sees every job, then the close.
package main

import "fmt"

// In this example we'll use a `jobs` channel to
// communicate work to be done from the `main()` goroutine
// to a worker goroutine. When we have no more jobs for
// the worker we'll `close` the `jobs` channel.
func main() {
	jobs := make(chan int, 5)
	done := make(chan bool)

	// Here's the worker goroutine. It repeatedly receives
	// from `jobs` with `j, more := <-jobs`.
	go func() {
		for {
			j, more := <-jobs
			if more {
				fmt.Println("received job", j)
			} else {
				fmt.Println("received all jobs")
				done <- true
				return
			}
		}
	}()

	// This sends 3 jobs to the worker over the `jobs`
	// channel, then closes it.
	for j := 1; j <= 3; j++ {
		jobs <- j
		fmt.Println("sent job", j)
	}
	close(jobs)
	fmt.Println("sent all jobs")

	// We await the worker using the synchronization approach
	// we saw earlier.
	<-done

	// Reading from a closed channel succeeds immediately,
	// returning the zero value of the underlying type.
	_, ok := <-jobs
	fmt.Println("received more jobs:", ok)
}

// litmus: exists (stdout == "sent job 1\nsent job 2\nsent job 3\nsent all jobs\nreceived job 1\nreceived job 2\nreceived job 3\nreceived all jobs\nreceived more jobs: false\n")
// litmus: expect sometimes
