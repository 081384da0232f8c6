// The Go Tour's SafeCounter (go.dev/tour/concurrency/9) without the struct:
// a package-level map guarded by a package-level sync.Mutex. Scaled down to
// two goroutines incrementing one key once each, waited for with a WaitGroup.
package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex
var counts = make(map[string]int)

func inc(key string) {
	mu.Lock()
	counts[key]++
	mu.Unlock()
}

func value(key string) int {
	mu.Lock()
	defer mu.Unlock()
	return counts[key]
}

func main() {
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			inc("somekey")
			wg.Done()
		}()
	}
	wg.Wait()
	n := value("somekey")
	fmt.Println(n, len(counts))
}

// litmus: forall (stdout == "2 1\n")
// litmus: expect always
// litmus: expect race-free
