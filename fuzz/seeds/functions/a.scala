object Main {
  def f(a: Int)(b: Int): Int = {
    a match { case 1 => 2 case _ => if (b > 0 && a < 1) 3 else 4 }
  }
  def g = 5
  def h: Unit = { while (x) do () }
}
