// The Go Memory Model (go.dev/ref/mem), "Goroutine creation": the go statement
// is synchronized before f starts, so f prints "hello, world" at some point in
// the future (perhaps after hello has returned: then, here, after main has).
package main

var a string

func f() {
	print(a)
}

func hello() {
	a = "hello, world"
	go f()
}

func main() {
	hello()
}

// litmus: exists (stderr == "hello, world" || stderr == "")
// litmus: expect always
