using System.Xml.Linq;

namespace Harness.Reliability.Journal;

/// <summary>
/// With the reliable session off there is no sequence to tell sessions apart, so the harness's client names its
/// session in this optional header (not mustUnderstand: any service may ignore it).
/// </summary>
public static class UnreliableSessionHeader
{
    public static readonly XName Name = XName.Get("Session", JournalContract.Namespace);

    public static XElement Create(string session) => new(Name, session);
}
