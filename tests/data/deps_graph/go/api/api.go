package api

import (
	"net/http"

	"example.com/app/store"
)

var _ = http.StatusOK
var _ = store.Get
