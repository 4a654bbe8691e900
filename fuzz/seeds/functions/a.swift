class V {
    init(x: Int?) { self.x = x ?? 0 }
    func f(_ a: Int, b: String?) -> Int {
        guard let b = b else { return 0 }
        let s = "v \(a > 0 ? "}" : "{")"
        return a > 1 ? 1 : (b.isEmpty ? 2 : 3)
    }
    deinit { }
}
protocol P { func sig() -> Int
  func g() }
