// Constructs of the programs in one file (not from a source): struct
// and map types, methods, defer, a send-only parameter, range over an integer,
// named results, switch with fallthrough, labels, a type assertion,
// &sync.Mutex{} and cond.L.Lock().
package main

import (
	"fmt"
	"sync"
)

type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) inc(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[name]++
}

func producer(ch chan<- int, n int) {
	for i := range n {
		ch <- i
	}
	close(ch)
}

func classify(v int) (kind string, ok bool) {
	switch {
	case v < 0:
		return "negative", true
	case v == 0:
		fallthrough
	case v < 10:
		kind = "small"
	default:
		kind = "large"
	}
	return kind, true
}

func main() {
	c := counter{n: map[string]int{}}
	cond := sync.NewCond(&sync.Mutex{})
	ch := make(chan int, 3)
	go producer(ch, 3)
	var val any = 1
	if b, ok := val.(int); ok {
		fmt.Println(b)
	}
outer:
	for v := range ch {
		switch k, _ := classify(v); k {
		case "small":
			c.inc(k)
			continue outer
		case "large":
			break outer
		}
	}
	cond.L.Lock()
	cond.L.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
	}()
	<-done
	fmt.Println(c.n["small"])
}

// litmus: locations [stdout]
