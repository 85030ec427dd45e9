using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>
/// The append-only audit trail (docs/decisions/0011-users-and-audit.md), with an index for each of the audit page's
/// filters (newest first). Provider-neutral like the others (docs/decisions/0002).
/// </summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261123110000_Audit")]
public sealed class AuditTables : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                At = table.Column<DateTime>(nullable: false),
                ActorId = table.Column<Guid>(nullable: true),
                ActorDisplay = table.Column<string>(maxLength: 200, nullable: false),
                Action = table.Column<string>(maxLength: 64, nullable: false),
                EntityType = table.Column<string>(maxLength: 32, nullable: false),
                EntityId = table.Column<string>(maxLength: 64, nullable: false),
                Summary = table.Column<string>(maxLength: 500, nullable: false),
                Before = table.Column<string>(maxLength: 2000, nullable: true),
                After = table.Column<string>(maxLength: 2000, nullable: true),
                IpAddress = table.Column<string>(maxLength: 64, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AuditEntries", x => x.Id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_At",
            table: "AuditEntries",
            column: "At");
        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_ActorId_At",
            table: "AuditEntries",
            columns: new[] { "ActorId", "At" });
        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_EntityType_EntityId_At",
            table: "AuditEntries",
            columns: new[] { "EntityType", "EntityId", "At" });
        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_Action_At",
            table: "AuditEntries",
            columns: new[] { "Action", "At" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "AuditEntries");
    }
}
