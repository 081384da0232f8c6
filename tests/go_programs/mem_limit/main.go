// The Go Memory Model (go.dev/ref/mem), "Channel communication": a buffered
// channel as a counting semaphore, at most three works at a time.
package main

var limit = make(chan int, 3)

func main() {
	work := []func(){
		func() { println("one") },
		func() { println("two") },
	}
	for _, w := range work {
		go func(w func()) {
			limit <- 1
			w()
			<-limit
		}(w)
	}
	select {}
}

// litmus: expect sometimes
