package main
func (s *Server) Handle(w http.ResponseWriter, r *Request) (int, error) {
	if r == nil || w == nil { return 0, nil }
	go func() { for i := range x { _ = i } }()
	switch x { case 1: case 2: }
	return 1, nil
}
func plain(a, b int) int { s := `raw { "`; return a }
type I interface { M(x int) error }
var f func(int) int
func generic[T any](x T) T { return x }
