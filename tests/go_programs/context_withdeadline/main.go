// The context package's ExampleWithDeadline (pkg.go.dev/context#example-WithDeadline),
// as a program: the example function is main, and shortDuration (a constant of
// the package's example file) is declared here. A context with a deadline tells
// a blocking function to abandon its work: the deadline closes Done, whenever it
// comes, and Err says why.
package main

import (
	"context"
	"fmt"
	"time"
)

const shortDuration = 1 * time.Millisecond

var neverReady = make(chan struct{}) // never closed

func main() {
	d := time.Now().Add(shortDuration)
	ctx, cancel := context.WithDeadline(context.Background(), d)

	// Even though ctx will be expired, it is good practice to call its
	// cancellation function in any case. Failure to do so may keep the
	// context and its parent alive longer than necessary.
	defer cancel()

	select {
	case <-neverReady:
		fmt.Println("ready")
	case <-ctx.Done():
		fmt.Println(ctx.Err())
	}

	// Output:
	// context deadline exceeded
}

// litmus: forall (stdout == "context deadline exceeded\n")
// litmus: expect always
