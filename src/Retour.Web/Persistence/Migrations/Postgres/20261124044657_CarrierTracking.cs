using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CarrierTracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Attention",
                table: "Returns",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AttentionSince",
                table: "Returns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastCarrierEventAt",
                table: "Returns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "AdvanceRefundedAmount",
                table: "ReturnLine",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<int>(
                name: "AdvanceRefundedQuantity",
                table: "ReturnLine",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CarrierEventReceipts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Carrier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EventId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TrackingNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReturnCaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReturnNumber = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarrierEventReceipts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Queue_Attention",
                table: "Returns",
                columns: new[] { "RequestedAt", "Number" },
                filter: "\"Attention\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CarrierEventReceipts_Carrier_EventId",
                table: "CarrierEventReceipts",
                columns: new[] { "Carrier", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CarrierEventReceipts_ReturnCaseId_ReceivedAt",
                table: "CarrierEventReceipts",
                columns: new[] { "ReturnCaseId", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CarrierEventReceipts");

            migrationBuilder.DropIndex(
                name: "IX_Returns_Queue_Attention",
                table: "Returns");

            migrationBuilder.DropColumn(
                name: "Attention",
                table: "Returns");

            migrationBuilder.DropColumn(
                name: "AttentionSince",
                table: "Returns");

            migrationBuilder.DropColumn(
                name: "LastCarrierEventAt",
                table: "Returns");

            migrationBuilder.DropColumn(
                name: "AdvanceRefundedAmount",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "AdvanceRefundedQuantity",
                table: "ReturnLine");
        }
    }
}
