mod store;
mod api;

fn main() {
    api::serve();
}
