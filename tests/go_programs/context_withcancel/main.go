// The context package's ExampleWithCancel (pkg.go.dev/context#example-WithCancel),
// as a program: the example function is main, and gen, a function literal with
// results there, is a function here; main stops at 3 instead of 5 (the
// generator's loop then fits litmus's default --unroll of 4). A cancelable
// context stops the generator goroutine: once main returns, its deferred
// cancel closes ctx.Done().
package main

import (
	"context"
	"fmt"
)

// gen generates integers in a separate goroutine and
// sends them to the returned channel.
// The callers of gen need to cancel the context once
// they are done consuming generated integers not to leak
// the internal goroutine started by gen.
func gen(ctx context.Context) <-chan int {
	dst := make(chan int)
	n := 1
	go func() {
		for {
			select {
			case <-ctx.Done():
				return // returning not to leak the goroutine
			case dst <- n:
				n++
			}
		}
	}()
	return dst
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // cancel when we are finished consuming integers

	for n := range gen(ctx) {
		fmt.Println(n)
		if n == 3 {
			break
		}
	}
	// Output:
	// 1
	// 2
	// 3
}

// litmus: forall (stdout == "1\n2\n3\n")
// litmus: expect always
