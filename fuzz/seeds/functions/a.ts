interface I { f(a?: number): string; }
export class S<T> implements I {
  private m: Map<string, number> = new Map();
  f(a?: number, b: Array<T> = []): string {
    return a !== undefined ? `${a}` : "none";
  }
  async g<K>(k: K): Promise<void> { if (k) { await h(); } }
}
export const handler = async (ev: Event): Promise<Result> => {
  return ev?.x ?? null;
};
function over(a: string): void;
function over(a: any): void { }
