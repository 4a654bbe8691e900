package store

import "example.com/app/api"

var _ = api.Serve

func Get() {}
