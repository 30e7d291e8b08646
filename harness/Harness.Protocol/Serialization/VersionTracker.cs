using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>
/// Records which WS-RM and WS-Addressing versions a message's elements use, and rejects a second version:
/// a message mixing versions is malformed, and guessing which one was meant would hide a peer's bug.
/// </summary>
internal sealed class VersionTracker
{
    public ReliableMessagingVersion? ReliableMessaging { get; private set; }

    public AddressingVersion? Addressing { get; private set; }

    public void SeeReliableMessaging(ReliableMessagingVersion version, WireXmlReader reader)
    {
        if (ReliableMessaging is null)
        {
            ReliableMessaging = version;
        }
        else if (!ReferenceEquals(ReliableMessaging, version))
        {
            throw reader.Error(WireErrorKind.MixedVersions, $"the message mixes {ReliableMessaging.Name} and {version.Name} elements");
        }
    }

    public void SeeAddressing(AddressingVersion version, WireXmlReader reader)
    {
        if (Addressing is null)
        {
            Addressing = version;
        }
        else if (!ReferenceEquals(Addressing, version))
        {
            throw reader.Error(WireErrorKind.MixedVersions, $"the message mixes {Addressing.Name} and {version.Name} elements");
        }
    }
}
