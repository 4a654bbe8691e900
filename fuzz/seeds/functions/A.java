package x;
@Foo("x")
public class Outer extends Base implements I {
	private Runnable r = new Runnable() { public void run() { if (a) {} } };
	@Override
	public <T> List<T> foo(T x, Map<?, ?> m) throws IOException, Other {
		String s = """
			text { block
			""";
		for (int i = 0; i < 3; i++) { if (i > 1 || x == null) { } }
		return m.isEmpty() ? null : x;
	}
	static class Inner { void m() { switch (a) { case 1 -> f(); default -> g(); } } }
	Outer() { super(); }
}
