// The Go Memory Model (go.dev/ref/mem), "Incorrect synchronization": g may print
// 2 and then 0 (and main may return before f runs at all).
package main

var a, b int

func f() {
	a = 1
	b = 2
}

func g() {
	print(b)
	print(a)
}

func main() {
	go f()
	g()
}

// litmus: exists (stderr == "20")
// litmus: expect sometimes
