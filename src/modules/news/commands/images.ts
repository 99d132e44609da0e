import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type Sharp from "sharp";
import { queryRows } from "../../../db/sql";
import { recordAudit } from "../../../platform/audit/record";
import { AppError, notFound, type FieldErrors } from "../../../platform/errors";
import { cleanLocalized, type LocalizedText } from "../../../platform/i18n/localized";
import type { Services } from "../../../platform/services";
import { IMAGE_WIDTHS } from "../queries";
import type { Actor } from "./save-post";
import { lazyPackage } from "../../../platform/lazy-package";

const loadSharp = lazyPackage<typeof Sharp>("sharp");

/** The largest upload accepted (the multipart limit is a little higher, so this check answers with its own message). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Decompression bombs: a small file may claim a huge canvas; sharp refuses to decode more pixels than this. */
export const MAX_IMAGE_PIXELS = 40_000_000;
const ALT_MAX = 300;
const CAPTION_MAX = 500;

export type ProcessedImage = { width: number; height: number; variants: { width: number; height: number; format: "webp" | "jpeg"; bytes: Buffer }[] };

/**
 * Decodes an upload with sharp — so only real pictures pass, whatever their name or declared type — turns it the
 * way its EXIF orientation says, and writes WebP and JPEG copies at the standard widths (never enlarged). sharp
 * writes no metadata unless asked, so EXIF (GPS, camera serials), XMP and IPTC are all gone from every copy.
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError("payload_too_large", "news.error.image_too_large", { image: { key: "news.error.image_too_large", values: { megabytes: MAX_IMAGE_BYTES / 1024 / 1024 } } });
  let oriented: { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };
  try {
    const metadata = await loadSharp()(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    if (!metadata.width || !metadata.height || !["jpeg", "png", "webp", "gif", "tiff", "avif", "heif"].includes(metadata.format ?? "")) throw new Error("not a picture");
    // One decode, turned upright (EXIF orientation), as raw pixels the copies are made from.
    oriented = await loadSharp()(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/pixel limit/i.test(message)) throw new AppError("validation_failed", "news.error.image_too_many_pixels", { image: { key: "news.error.image_too_many_pixels", values: { megapixels: MAX_IMAGE_PIXELS / 1_000_000 } } });
    throw new AppError("validation_failed", "news.error.not_an_image", { image: { key: "news.error.not_an_image" } });
  }
  const { width, height, channels } = oriented.info;
  const widths = [...new Set(IMAGE_WIDTHS.map((wanted) => Math.min(wanted, width)))];
  const variants: ProcessedImage["variants"] = [];
  for (const target of widths) {
    const resized = loadSharp()(oriented.data, { raw: { width, height, channels } }).resize({ width: target, withoutEnlargement: true });
    const [webp, jpeg] = await Promise.all([
      resized.clone().webp({ quality: 80 }).toBuffer({ resolveWithObject: true }),
      resized.clone().flatten({ background: "#ffffff" }).jpeg({ quality: 82, mozjpeg: true }).toBuffer({ resolveWithObject: true }),
    ]);
    variants.push({ width: target, height: webp.info.height, format: "webp", bytes: webp.data }, { width: target, height: jpeg.info.height, format: "jpeg", bytes: jpeg.data });
  }
  return { width, height, variants };
}

/** Checks alt text (required, in at least one language) and caption lengths; 422 naming the field. */
export function checkedImageText(alt: LocalizedText, caption: LocalizedText): { alt: LocalizedText; caption: LocalizedText } {
  const errors: FieldErrors = {};
  const cleanAlt = cleanLocalized(alt);
  const cleanCaption = cleanLocalized(caption);
  if (!Object.keys(cleanAlt).length) errors.alt = { key: "news.error.alt_required" };
  else if (Object.values(cleanAlt).some((text) => (text ?? "").length > ALT_MAX)) errors.alt = { key: "news.error.too_long", values: { max: ALT_MAX } };
  if (Object.values(cleanCaption).some((text) => (text ?? "").length > CAPTION_MAX)) errors.caption = { key: "news.error.too_long", values: { max: CAPTION_MAX } };
  if (Object.keys(errors).length) throw new AppError("validation_failed", "error.validation_failed", errors);
  return { alt: cleanAlt, caption: cleanCaption };
}

/** Adds a picture at the end of a post's gallery (the first one is the lead image). Audited. */
export async function addImage(services: Services, actor: Actor, postId: string, bytes: Buffer | null, text: { alt: LocalizedText; caption: LocalizedText }): Promise<string> {
  const checked = checkedImageText(text.alt, text.caption);
  if (!bytes || !bytes.length) throw new AppError("validation_failed", "error.validation_failed", { image: { key: "news.error.image_required" } });
  const processed = await processImage(bytes);
  return services.db.transaction(async (tx) => {
    const [post] = await queryRows<{ space_id: string }>(tx, sql`select space_id from news_posts where id = ${postId} for update`);
    if (!post) throw notFound();
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into news_images (post_id, position, alt, caption, width, height, created_by, created_at)
        values (${postId}, (select coalesce(max(position) + 1, 0) from news_images where post_id = ${postId}), ${JSON.stringify(checked.alt)}::jsonb,
          ${JSON.stringify(checked.caption)}::jsonb, ${processed.width}, ${processed.height}, ${actor.id}, ${services.clock.now()}) returning id`,
    );
    for (const variant of processed.variants) {
      const etag = `"${createHash("sha256").update(variant.bytes).digest("base64url").slice(0, 32)}"`;
      await tx.execute(sql`insert into news_image_variants (image_id, width, format, height, bytes, etag) values (${row!.id}, ${variant.width}, ${variant.format}, ${variant.height}, ${variant.bytes}, ${etag})`);
    }
    await tx.execute(sql`update news_posts set updated_at = ${services.clock.now()} where id = ${postId}`);
    await recordAudit(tx, { actorUserId: actor.id, action: "news.image_added", subjectType: "news_post", subjectId: postId, spaceId: post.space_id, details: { imageId: row!.id }, ip: actor.ip ?? null });
    return row!.id;
  });
}

/** Removes a picture, or moves it one place forward (to the front: it becomes the lead image). */
export async function changeImage(services: Services, actor: Actor, postId: string, imageId: string, action: "delete" | "forward"): Promise<void> {
  await services.db.transaction(async (tx) => {
    const images = await queryRows<{ id: string; space_id: string }>(
      tx,
      sql`select i.id, p.space_id from news_images i join news_posts p on p.id = i.post_id where i.post_id = ${postId} order by i.position, i.created_at for update of i`,
    );
    const index = images.findIndex((image) => image.id === imageId);
    if (index < 0) throw notFound();
    const order = images.map((image) => image.id);
    if (action === "delete") order.splice(index, 1);
    else if (index > 0) [order[index - 1], order[index]] = [order[index]!, order[index - 1]!];
    if (action === "delete") await tx.execute(sql`delete from news_images where id = ${imageId}`);
    for (const [position, id] of order.entries()) await tx.execute(sql`update news_images set position = ${position} where id = ${id}`);
    await recordAudit(tx, { actorUserId: actor.id, action: `news.image_${action === "delete" ? "removed" : "moved"}`, subjectType: "news_post", subjectId: postId, spaceId: images[0]!.space_id, details: { imageId }, ip: actor.ip ?? null });
  });
}
