//! The HTTP layer.
use crate::store::Db; // api and store need each other
use serde::Serialize;

pub fn serve() {}
