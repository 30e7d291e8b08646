namespace Harness.Protocol.Soap;

/// <summary>What was wrong with a message that could not be read.</summary>
public enum WireErrorKind
{
    /// <summary>Larger than the reader's size limit.</summary>
    TooLarge,

    /// <summary>Nested deeper than the reader's depth limit.</summary>
    TooDeep,

    /// <summary>The message contains a DTD (prohibited: entity expansion attacks).</summary>
    DtdProhibited,

    /// <summary>Not well-formed XML (truncated, bad characters, unbalanced tags...).</summary>
    MalformedXml,

    /// <summary>The root element is not a SOAP envelope of a known version.</summary>
    VersionMismatch,

    /// <summary>The envelope's structure is wrong (no Body, elements out of place, duplicate headers).</summary>
    InvalidEnvelope,

    /// <summary>A header or body element lacks a required part or has an invalid value.</summary>
    InvalidContent,

    /// <summary>A message number of 0, negative or not a number.</summary>
    InvalidMessageNumber,

    /// <summary>A message number past the largest allowed.</summary>
    MessageNumberRollover,

    /// <summary>An acknowledgement with invalid or overlapping ranges.</summary>
    InvalidAcknowledgement,

    /// <summary>WS-RM or WS-Addressing elements of two versions in one message.</summary>
    MixedVersions,

    /// <summary>The Action header does not match the body, or is missing where required.</summary>
    ActionMismatch,
}
