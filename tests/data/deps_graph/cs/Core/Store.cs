namespace Acme.Core
{
    using Acme.Util;

    public class Store { }
}
