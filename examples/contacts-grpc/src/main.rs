//! Runs the contacts gRPC API on 127.0.0.1:50051 (or `$ADDR`).

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().init();
    let address = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:50051".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("contacts gRPC API on {}", listener.local_addr()?);
    contacts_grpc_example::serve(listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
