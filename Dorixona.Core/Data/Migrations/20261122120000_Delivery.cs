using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>
/// Delivery zones (with a few demo zones around Tashkent, so checkout works on a fresh database), deliveries,
/// their history and the couriers' positions. Provider-neutral like the others (docs/decisions/0002).
/// </summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261122120000_Delivery")]
public sealed class DeliveryTables : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DeliveryZones",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Region = table.Column<string>(maxLength: 64, nullable: false),
                Districts = table.Column<string>(maxLength: 2000, nullable: false),
                Polygon = table.Column<string>(maxLength: 4000, nullable: true),
                Fee = table.Column<long>(nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                SortOrder = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DeliveryZones", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Deliveries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OrderId = table.Column<long>(nullable: false),
                ZoneId = table.Column<int>(nullable: true),
                State = table.Column<string>(maxLength: 16, nullable: false),
                CourierId = table.Column<Guid>(nullable: true),
                FailReason = table.Column<string>(maxLength: 16, nullable: true),
                DestinationLat = table.Column<double>(nullable: true),
                DestinationLon = table.Column<double>(nullable: true),
                HandoverCode = table.Column<string>(maxLength: 4, nullable: true),
                CodeAttempts = table.Column<int>(nullable: false),
                CodeLockedAt = table.Column<DateTime>(nullable: true),
                ProofPhoto = table.Column<string>(maxLength: 100, nullable: true),
                ProofNote = table.Column<string>(maxLength: 500, nullable: true),
                NeedsReview = table.Column<bool>(nullable: false),
                ReviewedAt = table.Column<DateTime>(nullable: true),
                CashCollected = table.Column<long>(nullable: true),
                CashSettledAt = table.Column<DateTime>(nullable: true),
                CashSettledBy = table.Column<Guid>(nullable: true),
                LastLat = table.Column<double>(nullable: true),
                LastLon = table.Column<double>(nullable: true),
                LastPositionAt = table.Column<DateTime>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                PromisedBy = table.Column<DateTime>(nullable: false),
                PickedUpAt = table.Column<DateTime>(nullable: true),
                DeliveredAt = table.Column<DateTime>(nullable: true),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Deliveries", x => x.Id);
                table.ForeignKey(
                    name: "FK_Deliveries_AspNetUsers_CourierId",
                    column: x => x.CourierId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Deliveries_DeliveryZones_ZoneId",
                    column: x => x.ZoneId,
                    principalTable: "DeliveryZones",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Deliveries_Orders_OrderId",
                    column: x => x.OrderId,
                    principalTable: "Orders",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "DeliveryHistory",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                DeliveryId = table.Column<long>(nullable: false),
                FromState = table.Column<string>(maxLength: 16, nullable: true),
                ToState = table.Column<string>(maxLength: 16, nullable: false),
                Actor = table.Column<string>(maxLength: 16, nullable: false),
                ActorId = table.Column<Guid>(nullable: true),
                At = table.Column<DateTime>(nullable: false),
                Note = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DeliveryHistory", x => x.Id);
                table.ForeignKey(
                    name: "FK_DeliveryHistory_Deliveries_DeliveryId",
                    column: x => x.DeliveryId,
                    principalTable: "Deliveries",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "DeliveryPositions",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                DeliveryId = table.Column<long>(nullable: false),
                Lat = table.Column<double>(nullable: false),
                Lon = table.Column<double>(nullable: false),
                Accuracy = table.Column<double>(nullable: true),
                At = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DeliveryPositions", x => x.Id);
                table.ForeignKey(
                    name: "FK_DeliveryPositions_Deliveries_DeliveryId",
                    column: x => x.DeliveryId,
                    principalTable: "Deliveries",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_Deliveries_CourierId_State",
            table: "Deliveries",
            columns: new[] { "CourierId", "State" });

        migrationBuilder.CreateIndex(
            name: "IX_Deliveries_OrderId",
            table: "Deliveries",
            column: "OrderId",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Deliveries_State_CreatedAt",
            table: "Deliveries",
            columns: new[] { "State", "CreatedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Deliveries_ZoneId",
            table: "Deliveries",
            column: "ZoneId");

        migrationBuilder.CreateIndex(
            name: "IX_DeliveryHistory_DeliveryId_At",
            table: "DeliveryHistory",
            columns: new[] { "DeliveryId", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_DeliveryPositions_At",
            table: "DeliveryPositions",
            column: "At");

        migrationBuilder.CreateIndex(
            name: "IX_DeliveryPositions_DeliveryId_At",
            table: "DeliveryPositions",
            columns: new[] { "DeliveryId", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_DeliveryZones_Name",
            table: "DeliveryZones",
            column: "Name",
            unique: true);

        // Plain SQL both providers read alike (no model snapshot to type InsertData); no ids, so identity numbers them.
        migrationBuilder.Sql("""
            INSERT INTO "DeliveryZones" ("Name", "Region", "Districts", "Polygon", "Fee", "IsActive", "SortOrder") VALUES
            ('Toshkent shahri — markaz', 'Toshkent shahri', 'Chilonzor
            Mirobod
            Mirzo Ulug‘bek
            Olmazor
            Shayxontohur
            Uchtepa
            Yakkasaroy
            Yashnobod
            Yunusobod', NULL, 15000, TRUE, 10),
            ('Toshkent shahri — chekka', 'Toshkent shahri', 'Bektemir
            Sergeli
            Yangihayot', NULL, 20000, TRUE, 20),
            ('Toshkent viloyati — yaqin', 'Toshkent viloyati', 'Qibray
            Zangiota
            Toshkent tumani
            Nurafshon', '41.50,69.05;41.50,69.50;41.05,69.50;41.05,69.05', 30000, TRUE, 30);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "DeliveryPositions");
        migrationBuilder.DropTable(name: "DeliveryHistory");
        migrationBuilder.DropTable(name: "Deliveries");
        migrationBuilder.DropTable(name: "DeliveryZones");
    }
}
