	class Foo < Bar
  def initialize(a, b = {})
    @a = a
    text = <<~EOS
      def fake
      end
    EOS
    return if a.nil?
    items.each do |i|
      puts "#{i ? "x" : 'y'} end"
    end
  end

  def self.build x, y
    while x do x -= 1 end
    y = if x then 1 else 2 end
    case y
    when 1 then :a
    when 2 then :b
    end
    z = x.empty? ? 1 : 2
    unless z
      raise "no"
    end
  rescue StandardError
    nil
  end

  def short = @a + 1
  def q?; true; end
end
=begin
def notreal
end
=end
