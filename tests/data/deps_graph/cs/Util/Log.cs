using System.Text;
using Json = System.Text.Json.JsonSerializer;

namespace Acme.Util
{
    public static class Log
    {
        public static void Write(string s)
        {
            using var w = Open();
            using (var y = Open()) { }
        }
    }
}
