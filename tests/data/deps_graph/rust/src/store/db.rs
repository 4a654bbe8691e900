use crate::api::serve;

pub struct Db;
