using System;
using Acme.Core;
using static Acme.Util.Log;

namespace Acme.App
{
    // using Acme.Nowhere; is a comment
    public class Program
    {
        static void Main() { var s = "using Acme.Fake;"; Console.WriteLine(s); }
    }
}
