namespace ns {
class A : public B {
public:
	A(int x) : b(x), c{1} {}
	~A() {}
	void f() const override;
	int g(int&& x) const { return x > 0 && x < 3 ? 1 : 0; }
	bool operator==(const A& o) const { return true; }
	int operator()(int a) { return a; }
};
}
std::vector<int> ns::A::get(int a, int b) const
{
	auto l = [](int x) { if (x) return 1; return 2; };
	const char *r = R"x(}{ ")" )x";
	try { } catch (...) { }
	return l(a);
}
template <typename T> T tmax(T a, T b) { return a < b ? b : a; }
