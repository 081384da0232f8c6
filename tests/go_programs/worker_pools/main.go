// Go by Example, "Worker Pools" (gobyexample.com/worker-pools). Scaled down from
// 3 workers and 5 jobs to 2 workers and 2 jobs: each ordering of the prints is
// an outcome.
package main

import (
	"fmt"
	"time"
)

// Here's the worker, of which we'll run several
// concurrent instances. These workers will receive
// work on the `jobs` channel and send the corresponding
// results on `results`.
func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		fmt.Println("worker", id, "started  job", j)
		time.Sleep(time.Second)
		fmt.Println("worker", id, "finished job", j)
		results <- j * 2
	}
}

func main() {

	// In order to use our pool of workers we need to send
	// them work and collect their results. We make 2
	// channels for this.
	const numJobs = 2
	jobs := make(chan int, numJobs)
	results := make(chan int, numJobs)

	// This starts up 2 workers, initially blocked
	// because there are no jobs yet.
	for w := 1; w <= 2; w++ {
		go worker(w, jobs, results)
	}

	// Here we send the jobs and then `close` that
	// channel to indicate that's all the work we have.
	for j := 1; j <= numJobs; j++ {
		jobs <- j
	}
	close(jobs)

	// Finally we collect all the results of the work.
	for a := 1; a <= numJobs; a++ {
		<-results
	}
}

// litmus: exists (stdout == "worker 1 started  job 1\nworker 1 finished job 1\nworker 1 started  job 2\nworker 1 finished job 2\n")
// litmus: expect sometimes
