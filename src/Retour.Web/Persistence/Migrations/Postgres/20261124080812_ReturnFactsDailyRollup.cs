using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReturnFactsDailyRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "ReturnFacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ReturnFactsChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sign = table.Column<int>(type: "integer", nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RequestToRefundHours = table.Column<int>(type: "integer", nullable: true),
                    ReceiptToRefundHours = table.Column<int>(type: "integer", nullable: true),
                    RefundInTime = table.Column<bool>(type: "boolean", nullable: true),
                    FeedbackRating = table.Column<int>(type: "integer", nullable: true),
                    LabelCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ReturnedValue = table.Column<long>(type: "bigint", nullable: false),
                    Refunded = table.Column<long>(type: "bigint", nullable: false),
                    StoreCredit = table.Column<long>(type: "bigint", nullable: false),
                    GiftCard = table.Column<long>(type: "bigint", nullable: false),
                    Exchange = table.Column<long>(type: "bigint", nullable: false),
                    RestockingFee = table.Column<long>(type: "bigint", nullable: false),
                    ReturnShippingFee = table.Column<long>(type: "bigint", nullable: false),
                    OutboundShipping = table.Column<long>(type: "bigint", nullable: false),
                    LabelCost = table.Column<long>(type: "bigint", nullable: false),
                    Restocked = table.Column<long>(type: "bigint", nullable: false),
                    Refurbished = table.Column<long>(type: "bigint", nullable: false),
                    Repaired = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedToVendor = table.Column<long>(type: "bigint", nullable: false),
                    SecondHand = table.Column<long>(type: "bigint", nullable: false),
                    Recycled = table.Column<long>(type: "bigint", nullable: false),
                    Disposed = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReturnFactsChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReturnFactsDaily",
                columns: table => new
                {
                    Totals = table.Column<bool>(type: "boolean", nullable: false),
                    Monthly = table.Column<bool>(type: "boolean", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Measure = table.Column<int>(type: "integer", nullable: false),
                    Bucket = table.Column<int>(type: "integer", nullable: false),
                    Unit = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReturnFactsDaily", x => new { x.Totals, x.Monthly, x.Measure, x.Day, x.Currency, x.Channel, x.Country, x.Category, x.Reason, x.Bucket, x.Unit });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReturnFactsChanges");

            migrationBuilder.DropTable(
                name: "ReturnFactsDaily");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ReturnFacts");
        }
    }
}
