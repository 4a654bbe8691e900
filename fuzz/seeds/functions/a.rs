impl<T: Clone> Foo<T> {
    pub fn new(a: T, b: &'a str) -> Result<Self, E> where T: Debug {
        let s = r#"raw " { "#;
        let c = '{';
        let v = x.map(|y| if y { 1 } else { 2 })?;
        match a { Some(x) => x, None => 0 };
        if a && b { } /* nested /* comment */ { */
        Ok(v)
    }
    fn sig(&self);
}
fn free<'a>(x: &'a i32) -> impl Fn(i32) -> i32 { move |y| y + x }
