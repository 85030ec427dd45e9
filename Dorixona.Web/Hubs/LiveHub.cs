using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dorixona.Web.Hubs;

/// <summary>
/// One socket per open page. A connection joins its user's group and its role's group; pages that show
/// one order or delivery join that group too once the server confirms the caller may see it.
/// </summary>
[Authorize]
public sealed class LiveHub : Hub
{
    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.User(user.UserId()));
        if (user.IsInRole(Roles.Operator)) await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Operators);
        if (user.IsInRole(Roles.Courier)) await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Couriers);
        if (user.IsInRole(Roles.Admin)) await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Admins);
        await base.OnConnectedAsync();
    }
}

public sealed class SignalRLiveUpdates(IHubContext<LiveHub> hub) : ILiveUpdates
{
    public Task PublishAsync(string group, string eventName, object? payload = null, CancellationToken cancellationToken = default) =>
        hub.Clients.Group(group).SendAsync("live", eventName, payload, cancellationToken);
}
