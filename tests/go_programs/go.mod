module litmus.test/go_programs

go 1.25
