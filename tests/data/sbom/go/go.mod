module example.com/demo

go 1.21

require (
	github.com/gorilla/mux v1.8.0
	golang.org/x/text v0.14.0 // indirect
)
