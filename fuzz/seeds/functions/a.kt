class K(val x: Int) {
    fun f(a: Int, b: String?): Int {
        val s = "t ${if (a > 0) "}" else "{"} e"
        return when (a) {
            1 -> 10
            2, 3 -> 20
            else -> b?.length ?: 0
        }
    }
    fun String.ext(): Boolean = this.isEmpty()
    fun g() { list.forEach { x -> if (x && y) println(x) } }
}
interface Q { fun abs(x: Int): Int
  fun other() {} }
