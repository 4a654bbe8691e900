namespace App.Core {
    [Attr("x")]
    public class Svc<T> : Base, IFace where T : class {
        public int P { get; set; }
        public Svc(int x) : base(x) { }
        public string M(int? a, string b = @"c:\{") {
            var s = $"{(a > 0 ? "}" : "{")} x";
            foreach (var i in list) { if (i is null) continue; }
            return a ?? b?.Length ?? 0;
        }
        public T G<U>(U u) where U : struct => default;
    }
}
