using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>
/// Payments (Click, Payme, cash) and the append-only provider message log. The unique index on LiveOrderId
/// (set only while a payment is pending or processing) keeps one live online payment per order on both databases.
/// </summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261122100000_Payments")]
public sealed class Payments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PaymentLogs",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PaymentId = table.Column<long>(nullable: true),
                OrderId = table.Column<long>(nullable: true),
                Provider = table.Column<string>(maxLength: 16, nullable: false),
                Direction = table.Column<string>(maxLength: 8, nullable: false),
                Method = table.Column<string>(maxLength: 64, nullable: false),
                Request = table.Column<string>(maxLength: 4000, nullable: false),
                Response = table.Column<string>(maxLength: 4000, nullable: false),
                ResultCode = table.Column<int>(nullable: false),
                DurationMs = table.Column<int>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PaymentLogs", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Payments",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OrderId = table.Column<long>(nullable: false),
                Provider = table.Column<string>(maxLength: 16, nullable: false),
                Amount = table.Column<long>(nullable: false),
                State = table.Column<string>(maxLength: 16, nullable: false),
                LiveOrderId = table.Column<long>(nullable: true),
                ProviderTransactionId = table.Column<string>(maxLength: 64, nullable: true),
                ProviderTime = table.Column<long>(nullable: true),
                ProviderAccount = table.Column<string>(maxLength: 500, nullable: true),
                ProviderReference = table.Column<string>(maxLength: 64, nullable: true),
                CancelReason = table.Column<int>(nullable: true),
                IdempotencyKey = table.Column<string>(maxLength: 64, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                ProcessingAt = table.Column<DateTime>(nullable: true),
                PerformedAt = table.Column<DateTime>(nullable: true),
                CancelledAt = table.Column<DateTime>(nullable: true),
                RefundRequestedAt = table.Column<DateTime>(nullable: true),
                RefundedAt = table.Column<DateTime>(nullable: true),
                ActorId = table.Column<Guid>(nullable: true),
                ActorRole = table.Column<string>(maxLength: 16, nullable: true),
                Note = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Payments", x => x.Id);
                table.ForeignKey(
                    name: "FK_Payments_Orders_OrderId",
                    column: x => x.OrderId,
                    principalTable: "Orders",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_PaymentLogs_At",
            table: "PaymentLogs",
            column: "At");

        migrationBuilder.CreateIndex(
            name: "IX_PaymentLogs_OrderId_At",
            table: "PaymentLogs",
            columns: new[] { "OrderId", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_PaymentLogs_PaymentId_At",
            table: "PaymentLogs",
            columns: new[] { "PaymentId", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_Payments_CreatedAt",
            table: "Payments",
            column: "CreatedAt");

        migrationBuilder.CreateIndex(
            name: "IX_Payments_LiveOrderId",
            table: "Payments",
            column: "LiveOrderId",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Payments_OrderId_IdempotencyKey",
            table: "Payments",
            columns: new[] { "OrderId", "IdempotencyKey" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Payments_Provider_ProviderTime",
            table: "Payments",
            columns: new[] { "Provider", "ProviderTime" });

        migrationBuilder.CreateIndex(
            name: "IX_Payments_Provider_ProviderTransactionId",
            table: "Payments",
            columns: new[] { "Provider", "ProviderTransactionId" },
            unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Payments");
        migrationBuilder.DropTable(name: "PaymentLogs");
    }
}
