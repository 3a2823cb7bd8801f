using System.Net;
using System.Net.Sockets;

namespace Twig.Web.Features.Login;

/// <summary>
/// Whose sign-in attempts count together. An IPv4 client is its address. An IPv6 client is its /64: a home or office
/// network is handed a whole /64, and any machine on it may take a new address from it at will, so counting single IPv6
/// addresses would give an attacker a fresh budget with every address.
/// </summary>
public static class SignInPartition
{
    public static string Of(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
