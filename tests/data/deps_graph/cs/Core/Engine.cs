using Acme.App;

namespace Acme.Core;

public class Engine
{
    public Program Owner { get; set; }
}
