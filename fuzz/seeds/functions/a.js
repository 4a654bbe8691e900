const f = (a, b) => {
  return a ?? b;
};
function named(x) {
  const s = `tpl ${x ? "}" : `nested ${x}`} }`;
  return [1, 2].map(y => y * 2).filter(function (z) { return z > 1 && z < 9; });
}
const obj = {
  m(a) { if (a) { return 1; } },
  k: function () { return 2; },
  get v() { return 3; },
  e: () => 4,
};
class C extends D {
  constructor(p) { super(p); this.x = p || 0; }
  static s(a, b, c) { for (const q of a) { while (b) { b--; } } }
  h = async (e) => { try { } catch (err) { } };
}
const re = /[/"']+/g; // comment }
export default function () { return a?.b ?? c; }
