// The context package's ExampleWithTimeout (pkg.go.dev/context#example-WithTimeout),
// as a program: the example function is main, and shortDuration (a constant of
// the package's example file) is declared here. A blocking function abandons its
// work when the timeout elapses: Done is closed by the deadline, and Err then
// says why.
package main

import (
	"context"
	"fmt"
	"time"
)

const shortDuration = 1 * time.Millisecond

var neverReady = make(chan struct{}) // never closed

func main() {
	// Pass a context with a timeout to tell a blocking function that it
	// should abandon its work after the timeout elapses.
	ctx, cancel := context.WithTimeout(context.Background(), shortDuration)
	defer cancel()

	select {
	case <-neverReady:
		fmt.Println("ready")
	case <-ctx.Done():
		fmt.Println(ctx.Err()) // prints "context deadline exceeded"
	}

	// Output:
	// context deadline exceeded
}

// litmus: forall (stdout == "context deadline exceeded\n")
// litmus: expect always
