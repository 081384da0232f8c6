// A Tour of Go, "sync.Mutex" (go.dev/tour/concurrency/9): SafeCounter, with an
// int field in place of its map (maps are not supported yet), three goroutines
// instead of 1000, and a WaitGroup in place of time.Sleep(time.Second), which
// synchronizes nothing: `go c.Inc()` on a struct whose mutex field guards the
// count, and a method with a deferred Unlock that returns it.
package main

import (
	"fmt"
	"sync"
)

// SafeCounter is safe to use concurrently.
type SafeCounter struct {
	mu sync.Mutex
	v  int
}

// Inc increments the counter.
func (c *SafeCounter) Inc(wg *sync.WaitGroup) {
	c.mu.Lock()
	// Lock so only one goroutine at a time can access the counter.
	c.v++
	c.mu.Unlock()
	wg.Done()
}

// Value returns the current value of the counter.
func (c *SafeCounter) Value() int {
	c.mu.Lock()
	// Lock so only one goroutine at a time can access the counter.
	defer c.mu.Unlock()
	return c.v
}

func main() {
	c := SafeCounter{}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go c.Inc(&wg)
	}
	wg.Wait()
	fmt.Println(c.Value())
}

// litmus: forall (stdout == "3\n")
// litmus: expect always
// litmus: expect race-free
