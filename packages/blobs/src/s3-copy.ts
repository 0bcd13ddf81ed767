import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';

export interface CopyRequest {
  bucket: string;
  /** Full object keys (prefix included). */
  from: string;
  to: string;
  size: number;
  contentType?: string | undefined;
  metadata: Record<string, string>;
}

export interface CopyLimits {
  /** Objects above this size are copied part by part (S3 copies at most 5 GiB in one request). */
  multipartAbove: number;
  partSize: number;
}

/** S3's copy source: bucket and key, each key segment URL-encoded. */
const copySource = (bucket: string, key: string) =>
  `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

/** A server-side copy that replaces the metadata; multipart (UploadPartCopy) for large objects. */
export async function copyObject(client: S3Client, request: CopyRequest, limits: CopyLimits): Promise<void> {
  const source = copySource(request.bucket, request.from);
  const typed = request.contentType === undefined ? {} : { ContentType: request.contentType };
  if (request.size <= limits.multipartAbove) {
    await client.send(
      new CopyObjectCommand({
        Bucket: request.bucket,
        Key: request.to,
        CopySource: source,
        MetadataDirective: 'REPLACE',
        Metadata: request.metadata,
        // A full-object checksum for the copy, instead of the source's per-part (composite) one.
        ChecksumAlgorithm: 'SHA256',
        ...typed,
      }),
    );
    return;
  }
  const created = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: request.bucket,
      Key: request.to,
      Metadata: request.metadata,
      ...typed,
    }),
  );
  const uploadId = created.UploadId;
  if (uploadId === undefined) throw new Error('CreateMultipartUpload returned no UploadId');
  // At most 10,000 parts per upload.
  const partSize = Math.max(limits.partSize, Math.ceil(request.size / 10_000));
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let start = 0, number = 1; start < request.size; start += partSize, number += 1) {
      const end = Math.min(start + partSize, request.size) - 1;
      const out = await client.send(
        new UploadPartCopyCommand({
          Bucket: request.bucket,
          Key: request.to,
          UploadId: uploadId,
          PartNumber: number,
          CopySource: source,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ ETag: out.CopyPartResult?.ETag ?? '', PartNumber: number });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: request.bucket,
        Key: request.to,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (error) {
    // The copy's failure is what the caller must see; an abort that fails too leaves an incomplete
    // upload, which S3 bills until a lifecycle rule (AbortIncompleteMultipartUpload) removes it.
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: request.bucket, Key: request.to, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
}
